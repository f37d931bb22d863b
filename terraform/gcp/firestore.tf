# The request store: a Firestore database in native mode, the collection var.firestore_collection,
# and the composite indexes the store's queries need, read from firestore-indexes.json (written
# next to the Firestore store in gcp-function; the emulator does not enforce indexes, so this file
# is where they are checked):
#
#   {"indexes": [{"collection": "jitgate-requests",
#                 "fields": [{"field_path": "state", "order": "ASCENDING"}, ...]}]}
#
# Firestore IAM has no per-collection grants: roles/datastore.user is granted on the project. Its
# binding carries an IAM condition on the database name, so the functions reach jitgate's database
# only (restrict_datastore_to_database); they can still read every collection of that database,
# so keep the database to jitgate.

locals {
  firestore_indexes_file = coalesce(var.firestore_indexes_file, "${path.module}/firestore-indexes.json")
  # One index per entry, keyed by its collection and fields, e.g.
  # "jitgate-requests:state:ASCENDING,dueAt:ASCENDING".
  firestore_indexes = {
    for index in jsondecode(file(local.firestore_indexes_file)).indexes :
    "${index.collection}:${join(",", [for f in index.fields : "${f.field_path}:${try(f.order, f.array_config)}"])}" => index
  }
}

resource "google_firestore_database" "jitgate" {
  project                           = var.project_id
  name                              = var.firestore_database
  location_id                       = coalesce(var.firestore_location, var.region)
  type                              = "FIRESTORE_NATIVE"
  point_in_time_recovery_enablement = "POINT_IN_TIME_RECOVERY_ENABLED"
  delete_protection_state           = var.firestore_delete_protection ? "DELETE_PROTECTION_ENABLED" : "DELETE_PROTECTION_DISABLED"

  depends_on = [google_project_service.apis]
}

resource "google_firestore_index" "jitgate" {
  for_each = local.firestore_indexes

  project    = var.project_id
  database   = google_firestore_database.jitgate.name
  collection = each.value.collection

  dynamic "fields" {
    for_each = each.value.fields

    content {
      field_path   = fields.value.field_path
      order        = try(fields.value.order, null)
      array_config = try(fields.value.array_config, null)
    }
  }
}

check "indexes_on_the_request_collection" {
  assert {
    condition     = alltrue([for key, index in local.firestore_indexes : index.collection == var.firestore_collection])
    error_message = "firestore-indexes.json indexes a collection other than firestore_collection (${var.firestore_collection}): the store's queries would run without their index."
  }
}

resource "google_project_iam_member" "datastore_user" {
  for_each = toset(["api", "sweep"])

  project = var.project_id
  role    = "roles/datastore.user"
  member  = "serviceAccount:${local.function_emails[each.key]}"

  dynamic "condition" {
    for_each = var.restrict_datastore_to_database ? [1] : []

    content {
      title       = "jitgate-database-only"
      description = "jitgate ${var.name}: its own Firestore database only"
      expression  = "resource.name == \"projects/${var.project_id}/databases/${var.firestore_database}\""
    }
  }
}
