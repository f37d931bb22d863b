/** Azure Functions: handlers, Table storage store, PIM and RBAC providers, wiring. */
package dev.jitgate.azure;
