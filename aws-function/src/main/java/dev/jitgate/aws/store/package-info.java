/** The DynamoDB request store: one table, keys-only indexes, conditional writes on the version. */
package dev.jitgate.aws.store;
