/** The HTTP client every Azure client of this module shares: the JDK's, quietened. */
package dev.jitgate.azure.http;
