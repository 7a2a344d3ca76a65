/** Where a server is in its life (new, starting, serving, draining, closed), as the facade, {@code /ready} and {@code /health} report it. */
package dev.tachyon.server.lifecycle;
