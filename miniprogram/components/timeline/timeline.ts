/** The case's timeline, read from its verified event chain. */
Component({
  properties: {
    items: { type: Array, value: [] as { seq: number; label: string; at: string }[] },
    verified: { type: Boolean, value: true },
    /** A long case: only the newest events were read and checked with the detail. */
    partial: { type: Boolean, value: false },
    total: { type: Number, value: 0 },
  },
});
