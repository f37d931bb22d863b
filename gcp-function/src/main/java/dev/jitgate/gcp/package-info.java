/** Google Cloud Functions: handlers, Firestore store, IAM and token providers, wiring. */
package dev.jitgate.gcp;
