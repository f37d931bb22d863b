/**
 * The Azure grant kinds: {@link dev.jitgate.azure.provider.AzurePimProvider} for {@code azure.pim}
 * and {@link dev.jitgate.azure.provider.AzureRoleAssignmentProvider} for {@code
 * azure.role-assignment}, built by {@link dev.jitgate.azure.provider.AzureProviders}. Every ARM
 * quirk (error codes in the body, deterministic names, Retry-After, PIM's replication and policy
 * errors) stays in this package; retries are bounded by a {@link dev.jitgate.retry.Backoff}.
 */
package dev.jitgate.azure.provider;
