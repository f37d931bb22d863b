/**
 * The AWS grant kinds: {@link dev.jitgate.aws.provider.IdentityCenterProvider} for {@code
 * aws.identity-center} and {@link dev.jitgate.aws.provider.RoleCredentialsProvider} for {@code
 * aws.role-credentials}. Every AWS quirk (asynchronous status, conflicts, throttling, error codes,
 * STS name rules) stays in this package; retries are bounded by a {@link
 * dev.jitgate.retry.Backoff}.
 */
package dev.jitgate.aws.provider;
