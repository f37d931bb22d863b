/**
 * The Google Cloud grant kinds: {@link dev.jitgate.gcp.provider.IamBindingProvider} for {@code
 * gcp.iam-binding} and {@link dev.jitgate.gcp.provider.ServiceAccountTokenProvider} for {@code
 * gcp.service-account-token}. Every Google quirk (policy versions, etag conflicts, status codes,
 * the limits of conditions and tokens) stays in this package; retries are bounded by a {@link
 * dev.jitgate.retry.Backoff}.
 */
package dev.jitgate.gcp.provider;
