/**
 * The sources a manifest names: files the build fetches before any stage runs, each known by its
 * checksum, kept in the store across builds. A model only: reading it is the manifest formats'
 * work, fetching it the executor's.
 */
package org.osbuildj.core.source;
