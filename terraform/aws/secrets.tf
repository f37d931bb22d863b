# The approval-link signing keys. The secret's value is JSON:
#
#   {"active": "k1", "keys": {"k1": "<base64 of at least 32 random bytes>"}}
#
# `active` names the key that signs new links; every key under `keys` still verifies links, so a
# key is rotated by adding k2, making it active, and removing k1 once the links it signed have
# expired. Terraform writes the first version only and then ignores the value, so a rotation done
# outside Terraform (console, CLI, a rotation job) is kept.
#
# The functions never see the plain keys in their configuration: lambda:GetFunctionConfiguration,
# which ReadOnlyAccess and ViewOnlyAccess include, returns every environment variable. At apply
# time Terraform encrypts the secret's current value under a customer managed KMS key, with the
# encryption context {"jitgate:setting": "JITGATE_SIGNING_KEYS"}, and hands the ciphertext to the
# functions in JITGATE_SIGNING_KEYS_KMS. Each function decrypts it once, when it starts. The key's
# policy lets only the two function roles decrypt, only with that context, and denies Decrypt and
# ReEncryptFrom to every other principal, explicitly, so no IAM policy or grant elsewhere in the
# account can give a reader the keys. After a rotation, apply again to hand the new keys over.
#
# The keys still pass through Terraform state (the secret's version, the ciphertext's plaintext):
# keep the state encrypted and access-controlled, or rotate once after the first apply so that the
# key in state no longer signs anything. Anyone allowed secretsmanager:GetSecretValue on the
# secret can read the keys too; ReadOnlyAccess and ViewOnlyAccess do not include it.

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

# --- the key that only the functions may decrypt with ---------------------------------------------

data "aws_iam_policy_document" "signing_keys_key" {
  # Key administration for the account (delegated to IAM policies): everything but reading
  # plaintext and creating grants. Without kms:PutKeyPolicy here the key could never be managed.
  statement {
    sid    = "AccountAdministersTheKey"
    effect = "Allow"
    actions = [
      "kms:CancelKeyDeletion",
      "kms:CreateAlias",
      "kms:DeleteAlias",
      "kms:DescribeKey",
      "kms:DisableKey",
      "kms:DisableKeyRotation",
      "kms:EnableKey",
      "kms:EnableKeyRotation",
      "kms:Encrypt",
      "kms:GetKeyPolicy",
      "kms:GetKeyRotationStatus",
      "kms:ListAliases",
      "kms:ListGrants",
      "kms:ListKeyPolicies",
      "kms:ListKeyRotations",
      "kms:ListResourceTags",
      "kms:PutKeyPolicy",
      "kms:RetireGrant",
      "kms:RevokeGrant",
      "kms:RotateKeyOnDemand",
      "kms:ScheduleKeyDeletion",
      "kms:TagResource",
      "kms:UntagResource",
      "kms:UpdateAlias",
      "kms:UpdateKeyDescription",
    ]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  statement {
    sid       = "FunctionsDecryptTheirKeys"
    effect    = "Allow"
    actions   = ["kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.api.arn, aws_iam_role.sweep.arn]
    }

    # JITGATE_SIGNING_KEYS and JITGATE_AUDIT_KEY, and JITGATE_JDBC_PASSWORD with a shared store.
    condition {
      test     = "StringEquals"
      variable = "kms:EncryptionContext:jitgate:setting"
      values   = local.kms_settings
    }
  }

  # An explicit Deny wins over every Allow, in IAM policies and in grants alike.
  statement {
    sid       = "NobodyElseDecrypts"
    effect    = "Deny"
    actions   = ["kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "ArnNotEquals"
      variable = "aws:PrincipalArn"
      values   = [aws_iam_role.api.arn, aws_iam_role.sweep.arn]
    }
  }

  # ReEncrypt decrypts inside KMS and encrypts again under a key the caller may hold; the
  # functions never need it.
  statement {
    sid       = "NobodyReEncrypts"
    effect    = "Deny"
    actions   = ["kms:ReEncryptFrom"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_kms_key" "signing_keys" {
  description             = "jitgate ${var.name}: encrypts the approval-link signing keys for the functions; only their roles may decrypt"
  key_usage               = "ENCRYPT_DECRYPT"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.signing_keys_key.json
  tags                    = var.tags
}

resource "aws_kms_alias" "signing_keys" {
  name          = "alias/${var.name}-signing-keys"
  target_key_id = aws_kms_key.signing_keys.key_id
}

# A new ciphertext whenever the secret's value changes (a rotation, then apply).
resource "aws_kms_ciphertext" "signing_keys" {
  key_id    = aws_kms_key.signing_keys.arn
  plaintext = data.aws_secretsmanager_secret_version.signing_keys.secret_string
  # The key policy lets the functions decrypt with this context only.
  context = { "jitgate:setting" = "JITGATE_SIGNING_KEYS" }
}

# --- the audit key --------------------------------------------------------------------------------
#
# The key that seals every audit event (HMAC-SHA256), a secret of its own, apart from the signing
# keys: holding one never forges the other. Its value is the base64 of 32 random bytes. It reaches
# the functions the same way as the signing keys, encrypted under the same KMS key with the context
# {"jitgate:setting": "JITGATE_AUDIT_KEY"}. Do not rotate it lightly: a new key makes every stored
# chain report chainValid=false (docs/operations.md).
#
# Deployments that share a store must all hold the same audit key, because each checks the seals
# the others wrote: var.audit_key then gives the first value instead of a generated one. Like the
# generated one, Terraform writes it only into a new secret; a check warns when the secret holds
# another key.

resource "aws_secretsmanager_secret" "audit_key" {
  name                    = "${var.name}/audit-key"
  description             = "jitgate audit key: base64 of 32 random bytes; seals every audit event"
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = var.tags
}

resource "random_bytes" "audit_key" {
  length = 32
}

resource "aws_secretsmanager_secret_version" "first_audit_key" {
  secret_id     = aws_secretsmanager_secret.audit_key.id
  secret_string = var.audit_key != null ? var.audit_key : random_bytes.audit_key.base64

  lifecycle {
    ignore_changes = [secret_string, version_stages]
  }
}

data "aws_secretsmanager_secret_version" "audit_key" {
  secret_id  = aws_secretsmanager_secret.audit_key.id
  depends_on = [aws_secretsmanager_secret_version.first_audit_key]
}

resource "aws_kms_ciphertext" "audit_key" {
  key_id    = aws_kms_key.signing_keys.arn
  plaintext = data.aws_secretsmanager_secret_version.audit_key.secret_string
  context   = { "jitgate:setting" = "JITGATE_AUDIT_KEY" }
}

check "audit_key_is_the_given_one" {
  assert {
    condition     = nonsensitive(var.audit_key == null || data.aws_secretsmanager_secret_version.audit_key.secret_string == var.audit_key)
    error_message = "The secret ${aws_secretsmanager_secret.audit_key.name} holds another audit key than var.audit_key: Terraform writes only a new secret's first value. Deployments that share a store must hold the same key; put the value of audit_key into the secret (aws secretsmanager put-secret-value) and apply again."
  }
}

# --- the shared store's password ------------------------------------------------------------------
#
# With shared_store, the password of the PostgreSQL user is a secret of its own, NAME/jdbc-password,
# whose first value is var.shared_store_password. It reaches the functions the same way as the
# keys: encrypted under the same KMS key with the context {"jitgate:setting":
# "JITGATE_JDBC_PASSWORD"}, in JITGATE_JDBC_PASSWORD_KMS; never in plain text. To change it, put a
# new value into the secret (after the database user's password), then apply: Terraform encrypts
# the new value and publishes new function versions.

resource "aws_secretsmanager_secret" "jdbc_password" {
  count = local.shared_store ? 1 : 0

  name                    = "${var.name}/jdbc-password"
  description             = "jitgate shared store: the password of the PostgreSQL user in JITGATE_JDBC_USER"
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "first_jdbc_password" {
  count = local.shared_store ? 1 : 0

  secret_id     = aws_secretsmanager_secret.jdbc_password[0].id
  secret_string = var.shared_store_password

  lifecycle {
    ignore_changes = [secret_string, version_stages]

    precondition {
      condition     = nonsensitive(var.shared_store_password != null && var.shared_store_password != "")
      error_message = "shared_store_password is required with shared_store: the password of the database user."
    }
  }
}

data "aws_secretsmanager_secret_version" "jdbc_password" {
  count = local.shared_store ? 1 : 0

  secret_id  = aws_secretsmanager_secret.jdbc_password[0].id
  depends_on = [aws_secretsmanager_secret_version.first_jdbc_password]
}

resource "aws_kms_ciphertext" "jdbc_password" {
  count = local.shared_store ? 1 : 0

  key_id    = aws_kms_key.signing_keys.arn
  plaintext = data.aws_secretsmanager_secret_version.jdbc_password[0].secret_string
  context   = { "jitgate:setting" = "JITGATE_JDBC_PASSWORD" }
}
