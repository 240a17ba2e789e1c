/**
 * Fetching a manifest's sources into the store before a build: from {@code http}, {@code https} and
 * {@code file} URLs, each file verified against its checksum before it enters the store.
 */
package org.osbuildj.core.fetch;
