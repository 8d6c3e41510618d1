"""US entity formation and foreign qualification: State Filing records on the fulfilment engine."""
