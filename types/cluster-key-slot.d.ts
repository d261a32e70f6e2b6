// cluster-key-slot ships no types; the one function used: Redis Cluster's CRC16 hash slot of a key.
declare module 'cluster-key-slot' {
  /** The hash slot (0–16383) of `key`, honouring `{hash tags}`. */
  function calculateSlot(key: string | Buffer): number
  export default calculateSlot
}
