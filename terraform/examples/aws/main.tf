# jitgate on AWS, deployed from this repository's build:
#
#   mvn -pl aws-function -am package
#   cd terraform/examples/aws
#   terraform init
#   terraform apply
#
# Replace every example value below (account ids, ARNs, domain, issuer) with your own. The
# Identity Center and role variables are only needed for the grant kinds your policy uses.

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.29"
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

module "jitgate" {
  source = "../../aws"

  name     = "jitgate"
  jar_path = abspath("${path.module}/../../../aws-function/target/jitgate-aws.jar")

  # An HTTP API whose JWT authorizer checks the sign-in token. For a function URL instead, set
  # front_door = "function_url", apply, then set base_url to the api_url output and apply again.
  front_door    = "http_api"
  oidc_issuer   = "https://login.example.com"
  oidc_audience = "jitgate"
  oidc_jwks_uri = "https://login.example.com/.well-known/jwks.json"

  mail_from        = "jitgate@example.com"
  ses_identity_arn = "arn:aws:ses:eu-west-1:111111111111:identity/example.com"

  # aws.identity-center: which instance, permission sets and accounts jitgate may assign.
  sso_instance_arn  = "arn:aws:sso:::instance/ssoins-0123456789abcdef"
  identity_store_id = "d-0123456789"
  permission_set_arns = [
    "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef",
  ]
  account_ids = ["222222222222", "333333333333"]

  # aws.role-credentials: roles whose trust policy trusts module.jitgate.api_role_arn, each with
  # this permissions boundary: the most those entitlements may ever allow.
  assumable_role_arns = [
    "arn:aws:iam::111111111111:role/jitgate-break-glass-read-only",
  ]
  role_permissions_boundary_arn = "arn:aws:iam::111111111111:policy/jitgate-grantable"

  log_retention_days = 30
}

output "api_url" {
  description = "Where the API is reached."
  value       = module.jitgate.api_url
}

output "api_role_arn" {
  description = "Trust this role in every role of assumable_role_arns."
  value       = module.jitgate.api_role_arn
}

output "signing_key_secret_arn" {
  description = "The approval-link signing keys; rotate them here."
  value       = module.jitgate.signing_key_secret_arn
}
