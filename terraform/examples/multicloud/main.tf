# jitgate on AWS, Azure and Google Cloud at once, sharing one PostgreSQL database: one queue of
# requests, one policy, one audit key (docs/operations.md, "One queue for three clouds"). The
# database is yours: this root module only connects the three deployments to it. README.md next
# to this file says what to build and copy first, and what Terraform cannot do here (the network
# paths to the database, the CA file, the database and its user, backups).
#
#   terraform init
#   terraform apply -var-file=multicloud.tfvars
#
# Replace every example value (accounts, subscription, project, tenant, client ids, domains) with
# your own.

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.29"
    }
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 5.0"
    }
    google = {
      source  = "hashicorp/google"
      version = "~> 7.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
}

provider "aws" {
  region = "eu-west-1"

  default_tags {
    tags = {
      app = "jitgate"
    }
  }
}

provider "azurerm" {
  features {
    key_vault {
      # Purge protection is on: a destroyed vault stays recoverable for its retention period.
      purge_soft_delete_on_destroy = false
    }
  }
}

provider "google" {
  project = "acme-jitgate"
  region  = "europe-west1"
}

# --- inputs -------------------------------------------------------------------------------------------

variable "database" {
  type = object({
    host = string
    port = optional(number, 5432)
    name = string
    user = string
    # Where each package carries the PEM file of the CA that signed the server's certificate
    # (sslrootcert). Null trusts the JVM's own CAs instead (DefaultJavaSSLFactory).
    ca_file_paths = optional(object({
      aws   = string
      azure = string
      gcp   = string
    }))
  })
  description = "The PostgreSQL database the three deployments share, which you create (README.md): its host name (the one its certificate names), port, database, user, and where each package carries the CA file."
}

variable "database_password" {
  type        = string
  description = "Password of database.user. Each module keeps it in its cloud's secret store; no function configuration shows it."
  sensitive   = true
}

variable "base_urls" {
  type = object({
    aws   = optional(string)
    azure = optional(string)
    gcp   = optional(string)
  })
  description = "The public URL of each deployment, where its approval links start (a link is opened on the deployment that signed it). A null one is the deployment's own endpoint."
  default     = {}
}

variable "gcp_source_object" {
  type        = string
  description = "Object name of the Google source zip in the bucket, a new one for every build (terraform/gcp/README.md)."
}

variable "smtp_password" {
  type        = string
  description = "Password of the SMTP account the Azure and Google deployments send mail through (each deployment mails about the transitions it makes)."
  sensitive   = true
}

# --- one policy, one audit key, one database ------------------------------------------------------

# One audit key for all three: each deployment seals the audit events it writes and checks the
# seals of every request it decides, grants or hands credentials for, whichever deployment wrote
# them. Each module keeps this value in its own secret store.
resource "random_bytes" "audit_key" {
  length = 32
}

locals {
  # One policy for all three. Every deployment compares the SHA-256 of the policy it runs with the
  # store's policy ledger when it starts and refuses another, so every package bundles this file
  # (README.md); the Azure and Google modules read it for their role assignments, and the AWS
  # module's Identity Center and role inputs are read from it below.
  policy_file = abspath("${path.module}/policy.yaml")
  policy      = yamldecode(file(local.policy_file))

  aws_identity_center = [for e in local.policy.entitlements : e.grant if e.grant.kind == "aws.identity-center"]
  aws_roles           = [for e in local.policy.entitlements : e.grant.roleArn if e.grant.kind == "aws.role-credentials"]

  # Each package bundles the policy as policy.yaml, the default of JITGATE_POLICY (a check below
  # compares them with this file).
  bundled_policies = {
    for cloud, module in { aws = "aws-function", azure = "azure-function", gcp = "gcp-function" } :
    cloud => abspath("${path.module}/../../../${module}/src/main/resources/policy.yaml")
  }

  # One database, reached by each deployment over TLS with the server's certificate and host name
  # verified. Only the CA file's path differs: each package puts it somewhere else.
  trust = {
    for cloud in ["aws", "azure", "gcp"] : cloud => (
      var.database.ca_file_paths == null ? "sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory" : "sslrootcert=${var.database.ca_file_paths[cloud]}"
    )
  }
  shared_store = {
    for cloud, trust in local.trust : cloud => {
      jdbc_url        = "jdbc:postgresql://${var.database.host}:${var.database.port}/${var.database.name}?sslmode=verify-full&${trust}"
      user            = var.database.user
      deployment_name = cloud
    }
  }

  # One identity provider for all three, so that a person is the same requester and approver
  # everywhere: an Entra ID application, whose stable oid claim also lets any deployment take
  # azure.* requests. Entra ID sends no email_verified, so the oid is mapped to addresses.
  oidc_issuer   = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0"
  oidc_audience = "11111111-1111-1111-1111-111111111111"
  oidc_jwks_uri = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/discovery/v2.0/keys"
  oidc_identity_map = jsonencode({
    "22222222-2222-2222-2222-222222222222" = "alice@example.com"
    "33333333-3333-3333-3333-333333333333" = "carol@example.com"
  })
}

check "packages_bundle_this_policy" {
  assert {
    condition     = alltrue([for cloud, bundled in local.bundled_policies : fileexists(bundled) ? filesha256(bundled) == filesha256(local.policy_file) : false])
    error_message = "Not every package bundles this policy: copy ${local.policy_file} to ${join(", ", values(local.bundled_policies))} and build the three packages again. A deployment whose policy differs from the store's ledger refuses to start."
  }
}

# --- the three deployments ---------------------------------------------------------------------------

module "aws" {
  source = "../../aws"

  name     = "jitgate"
  jar_path = abspath("${path.module}/../../../aws-function/target/jitgate-aws.jar")
  base_url = var.base_urls.aws

  front_door    = "http_api"
  oidc_issuer   = local.oidc_issuer
  oidc_audience = local.oidc_audience
  oidc_jwks_uri = local.oidc_jwks_uri
  environment = {
    JITGATE_OIDC_IDENTITY       = "mapped-claim"
    JITGATE_OIDC_IDENTITY_CLAIM = "oid"
    JITGATE_OIDC_IDENTITY_MAP   = local.oidc_identity_map
  }

  mail_from        = "jitgate@example.com"
  ses_identity_arn = "arn:aws:ses:eu-west-1:111122223333:identity/example.com"

  # What the policy's aws.* entitlements hand out, read from the policy itself.
  sso_instance_arn              = one(distinct([for g in local.aws_identity_center : g.instanceArn]))
  identity_store_id             = one(distinct([for g in local.aws_identity_center : g.identityStoreId]))
  permission_set_arns           = distinct([for g in local.aws_identity_center : g.permissionSetArn])
  account_ids                   = distinct([for g in local.aws_identity_center : g.accountId])
  assumable_role_arns           = distinct(local.aws_roles)
  role_permissions_boundary_arn = "arn:aws:iam::111122223333:policy/jitgate-grantable"

  shared_store          = local.shared_store.aws
  shared_store_password = var.database_password
  audit_key             = random_bytes.audit_key.base64
}

module "azure" {
  source = "../../azure"

  name        = "jitgate"
  location    = "westeurope"
  policy_file = local.policy_file
  package_zip = abspath("${path.module}/jitgate-azure.zip")
  base_url    = var.base_urls.azure

  # The PIM custom role is defined where the policy's azure.pim scopes are.
  pim_role_definition_scope = "/subscriptions/2f1c4e6a-8b3d-4f0e-9a7c-5d6e8f9a0b1c"

  oidc_issuer         = local.oidc_issuer
  oidc_audience       = local.oidc_audience
  oidc_jwks_uri       = local.oidc_jwks_uri
  oidc_identity       = "mapped-claim"
  oidc_identity_claim = "oid"
  oidc_identity_map   = local.oidc_identity_map

  mail          = "smtp"
  mail_from     = "jitgate@example.com"
  smtp_host     = "smtp.example.com"
  smtp_username = "jitgate"
  smtp_password = var.smtp_password

  shared_store          = local.shared_store.azure
  shared_store_password = var.database_password
  audit_key             = random_bytes.audit_key.base64
}

module "gcp" {
  source = "../../gcp"

  project_id    = "acme-jitgate"
  region        = "europe-west1"
  policy_file   = local.policy_file
  source_bucket = "acme-jitgate-builds"
  source_object = var.gcp_source_object
  base_url      = var.base_urls.gcp

  auth                = "oidc"
  oidc_issuer         = local.oidc_issuer
  oidc_audience       = local.oidc_audience
  oidc_jwks_uri       = local.oidc_jwks_uri
  oidc_identity       = "mapped-claim"
  oidc_identity_claim = "oid"
  oidc_identity_map   = local.oidc_identity_map

  mail          = "smtp"
  mail_from     = "jitgate@example.com"
  smtp_host     = "smtp.example.com"
  smtp_username = "jitgate"
  smtp_password = var.smtp_password

  # Each instance opens up to 2 connections to the database.
  api_max_instances = 10

  shared_store          = local.shared_store.gcp
  shared_store_password = var.database_password
  audit_key             = random_bytes.audit_key.base64
}

# --- outputs -----------------------------------------------------------------------------------------

output "api_urls" {
  description = "Where each deployment's API is reached."
  value = {
    aws   = module.aws.api_url
    azure = module.azure.api_url
    gcp   = module.gcp.api_url
  }
}

output "deployments" {
  description = "The name of each deployment in the store's policy ledger (JITGATE_DEPLOYMENT)."
  value       = { for cloud, store in local.shared_store : cloud => store.deployment_name }
}

output "policy_sha256" {
  description = "SHA-256 of the policy every package must bundle; a refusal to start names its first 12 hex digits."
  value       = filesha256(local.policy_file)
}

output "azure_outbound_ip_addresses" {
  description = "Addresses the Azure app may connect to the database from, without VNet integration."
  value       = module.azure.possible_outbound_ip_addresses
}

output "aws_api_role_arn" {
  description = "Trust this role in every role of the policy's aws.role-credentials entitlements."
  value       = module.aws.api_role_arn
}
