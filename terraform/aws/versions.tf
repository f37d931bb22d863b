terraform {
  # 1.5 for the `check` block in front_door.tf.
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.29 is the first release whose aws_lambda_permission has `invoked_via_function_url`,
      # which a function URL with auth type NONE needs since October 2025 (see front_door.tf).
      version = "~> 6.29"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
}
