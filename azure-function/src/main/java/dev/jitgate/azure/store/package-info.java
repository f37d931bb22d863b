/**
 * The Azure Table storage request store: a document entity per request, index entities for the
 * queries, ETag-conditional writes.
 */
package dev.jitgate.azure.store;
