package dev.ergokv.localcluster.internal.probe;

import java.util.List;

/** Asks PD which TiKV stores it knows, once per call. */
public interface StoresSource {

  /** The stores PD reports now; throws when PD cannot be asked (not up yet, say). */
  List<StoreState> fetch(Deadline deadline) throws Exception;

  /** Where the stores are asked for, for messages ("http://127.0.0.1:2379/pd/api/v1/stores"). */
  String describe();
}
