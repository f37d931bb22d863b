# The approval-link signing keys. The secret's value is JSON:
#
#   {"active": "k1", "keys": {"k1": "<base64 of at least 32 random bytes>"}}
#
# `active` names the key that signs new links; every key under `keys` still verifies links, so a
# key is rotated by adding k2, making it active, and removing k1 once the links it signed have
# expired. Terraform writes the first version only and then ignores the value, so a rotation done
# outside Terraform (console, CLI, a rotation job) is kept.
#
# The functions get the keys in JITGATE_SIGNING_KEYS, copied from the secret's current version at
# apply time, so they read no secret (and open no connection) when they start. After a rotation,
# apply again to hand the new keys to the functions. Anyone who may read the functions'
# configuration can read the keys: grant lambda:GetFunctionConfiguration accordingly.
#
# The first key passes through Terraform state: keep the state encrypted and access-controlled, or
# rotate once after the first apply so that the key in state no longer signs anything.

resource "aws_secretsmanager_secret" "signing_keys" {
  name                    = "${var.name}/signing-keys"
  description             = "jitgate approval-link signing keys: {\"active\":\"k1\",\"keys\":{\"k1\":\"<base64 of >= 32 random bytes>\"}}"
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = var.tags
}

resource "random_bytes" "first_signing_key" {
  length = 32
}

resource "aws_secretsmanager_secret_version" "first_signing_key" {
  secret_id = aws_secretsmanager_secret.signing_keys.id
  secret_string = jsonencode({
    active = "k1"
    keys   = { k1 = random_bytes.first_signing_key.base64 }
  })

  lifecycle {
    ignore_changes = [secret_string, version_stages]
  }
}

data "aws_secretsmanager_secret_version" "signing_keys" {
  secret_id  = aws_secretsmanager_secret.signing_keys.id
  depends_on = [aws_secretsmanager_secret_version.first_signing_key]
}
