package org.osbuildj.store;

import org.osbuildj.core.json.Sha256;

/** Tree ids for tests: real SHA-256 hex, named after a readable word. */
final class TestIds {
  private TestIds() {}

  static String id(String name) {
    return Sha256.hex(name);
  }
}
