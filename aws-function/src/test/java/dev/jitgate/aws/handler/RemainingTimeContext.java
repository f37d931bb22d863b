package dev.jitgate.aws.handler;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** A Lambda context that says how much time the invocation has left, as Lambda's does. */
final class RemainingTimeContext implements Context {
  private final int remainingMillis;

  RemainingTimeContext(int remainingMillis) {
    this.remainingMillis = remainingMillis;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return remainingMillis;
  }

  @Override
  public String getAwsRequestId() {
    return "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/jitgate-sweep";
  }

  @Override
  public String getLogStreamName() {
    return "2026/12/04/[$LATEST]0123456789abcdef";
  }

  @Override
  public String getFunctionName() {
    return "jitgate-sweep";
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:eu-west-1:123456789012:function:jitgate-sweep";
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getMemoryLimitInMB() {
    return 512;
  }

  @Override
  public LambdaLogger getLogger() {
    return null;
  }
}
