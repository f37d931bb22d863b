/**
 * jitgate on AWS: Lambda handlers ({@code handler}), the DynamoDB store ({@code store}), the IAM
 * Identity Center and STS providers ({@code provider}), SES mail ({@code notify}), and the
 * composition root that builds them from the environment.
 */
package dev.jitgate.aws;
