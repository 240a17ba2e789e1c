package org.osbuildj.store.object;

import java.util.List;

/** Every object of a store at one moment: the usable ones and the damaged ones. */
public record ObjectScan(List<StoredObject> usable, List<Lookup.Damaged> damaged) {
  public ObjectScan {
    usable = List.copyOf(usable);
    damaged = List.copyOf(damaged);
  }
}
