# How requests reach the API function's `live` alias: an API Gateway HTTP API whose JWT authorizer
# checks the caller's OIDC token (front_door = "http_api"), or a Lambda function URL with auth type
# NONE, where the function checks the token itself (front_door = "function_url").

locals {
  # Routes reached without a bearer token: the health check, the emailed approval links (the signed
  # token in the link is the credential), Slack's interactions (Slack's request signature is the
  # credential) and the web console, which a browser reaches with no bearer token and which signs
  # people in itself (its sealed session cookie and CSRF tokens). The function checks each.
  public_routes = [
    "GET /healthz",
    "GET /approvals/{token}",
    "POST /approvals/{token}",
    "POST /integrations/slack/interactions",
    "GET /console",
    "ANY /console/{proxy+}",
  ]
}

# --- HTTP API ------------------------------------------------------------------------------------

resource "aws_apigatewayv2_api" "http" {
  count         = local.http_api ? 1 : 0
  name          = var.name
  description   = "jitgate API"
  protocol_type = "HTTP"
  tags          = var.tags
}

resource "aws_apigatewayv2_authorizer" "oidc" {
  count            = local.http_api ? 1 : 0
  api_id           = aws_apigatewayv2_api.http[0].id
  name             = "oidc"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    issuer   = var.oidc_issuer
    audience = [var.oidc_audience]
  }
}

resource "aws_apigatewayv2_integration" "api" {
  count                  = local.http_api ? 1 : 0
  api_id                 = aws_apigatewayv2_api.http[0].id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_alias.api.arn
  payload_format_version = "2.0"
  timeout_milliseconds   = 30000
}

# Every request needs a valid token...
resource "aws_apigatewayv2_route" "default" {
  count              = local.http_api ? 1 : 0
  api_id             = aws_apigatewayv2_api.http[0].id
  route_key          = "$default"
  target             = "integrations/${aws_apigatewayv2_integration.api[0].id}"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.oidc[0].id
}

# ...except these.
resource "aws_apigatewayv2_route" "public" {
  for_each           = local.http_api ? toset(local.public_routes) : toset([])
  api_id             = aws_apigatewayv2_api.http[0].id
  route_key          = each.value
  target             = "integrations/${aws_apigatewayv2_integration.api[0].id}"
  authorization_type = "NONE"
}

resource "aws_cloudwatch_log_group" "http_api" {
  count             = local.http_api ? 1 : 0
  name              = "/aws/apigateway/${var.name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_apigatewayv2_stage" "default" {
  count       = local.http_api ? 1 : 0
  api_id      = aws_apigatewayv2_api.http[0].id
  name        = "$default"
  auto_deploy = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.http_api[0].arn
    format = jsonencode({
      requestId          = "$context.requestId"
      requestTime        = "$context.requestTime"
      ip                 = "$context.identity.sourceIp"
      routeKey           = "$context.routeKey"
      status             = "$context.status"
      responseLength     = "$context.responseLength"
      integrationStatus  = "$context.integrationStatus"
      authorizerError    = "$context.authorizer.error"
      integrationLatency = "$context.integrationLatency"
    })
  }

  tags = var.tags
}

resource "aws_lambda_permission" "http_api" {
  count         = local.http_api ? 1 : 0
  statement_id  = "AllowHttpApi"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.api.function_name
  qualifier     = aws_lambda_alias.api.name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.http[0].execution_arn}/*"
}

# --- function URL --------------------------------------------------------------------------------

resource "aws_lambda_function_url" "api" {
  count              = local.http_api ? 0 : 1
  function_name      = aws_lambda_function.api.function_name
  qualifier          = aws_lambda_alias.api.name
  authorization_type = "NONE"
  invoke_mode        = "BUFFERED"
}

# A public function URL needs two statements in the function's resource policy: InvokeFunctionUrl
# for auth type NONE, and (since October 2025) InvokeFunction, limited by the
# lambda:InvokedViaFunctionUrl condition to calls that come through the URL, so that the public
# cannot call the Invoke API directly with an event of its own making.
resource "aws_lambda_permission" "function_url" {
  count                  = local.http_api ? 0 : 1
  statement_id           = "AllowPublicFunctionUrl"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.api.function_name
  qualifier              = aws_lambda_alias.api.name
  principal              = "*"
  function_url_auth_type = "NONE"
}

resource "aws_lambda_permission" "function_url_invoke" {
  count                    = local.http_api ? 0 : 1
  statement_id             = "AllowInvokeThroughFunctionUrl"
  action                   = "lambda:InvokeFunction"
  function_name            = aws_lambda_function.api.function_name
  qualifier                = aws_lambda_alias.api.name
  principal                = "*"
  invoked_via_function_url = true
}

check "function_url_base_url" {
  assert {
    condition     = local.http_api || var.base_url != null
    error_message = "front_door = \"function_url\" without base_url: approval links have no base URL. Set base_url to the api_url output (or your own domain) and apply again."
  }
}
