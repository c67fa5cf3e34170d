/** The case's timeline, read from its verified event chain. */
Component({
  properties: {
    items: { type: Array, value: [] as { seq: number; label: string; at: string }[] },
    verified: { type: Boolean, value: true },
  },
});
