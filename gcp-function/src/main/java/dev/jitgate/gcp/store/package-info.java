/**
 * The Firestore request store: a document per request, written with {@code create()} or an {@code
 * updatedAt} precondition, and the queries and composite indexes that list requests.
 */
package dev.jitgate.gcp.store;
