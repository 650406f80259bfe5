/** The smallest page: a leaf of a few short pairs. */
const SMALLEST = 256
/** Pages up to this size come from shared slabs; a bigger one is a Buffer of its own. */
const LARGEST = 8_192
/** Bytes of a slab, cut into pages of one size. */
const SLAB = 1 << 20

/**
 * Memory for the memory engine's flat leaves ({@link FlatLeaves}): pages of
 * 256 B to 8 KiB (powers of two) cut from 1 MiB slabs, and given back to a
 * free list per size when a leaf moves to a page of another size or goes.
 * A page is reused in place, so writes make no garbage and no new memory
 * once the slabs are there: a Buffer per leaf, and the copies of leaves
 * that a change used to make, were half of a load's time (allocation, page
 * faults on fresh memory, the collector). A page bigger than 8 KiB (a leaf
 * of one big pair) is a Buffer of its own, left to the collector.
 *
 * Memory: a page is at most twice the bytes it holds (when it holds less
 * than a quarter, its leaf moves to a smaller one); slabs are kept for
 * reuse once made, so the memory held is the most the pages ever needed.
 *
 * @internal
 */
export class Pages {
  /** Per size class (256 << c): the free pages' slabs and where each starts. */
  private readonly freeSlabs: Buffer[][] = []
  private readonly freeStarts: number[][] = []
  /** Bytes of slabs made. */
  slabBytes = 0
  /** Where the page {@link take} last gave starts in its Buffer. */
  at = 0

  /** The capacity of the page that holds `size` bytes: the smallest power of two from 256 up (or `size` past 8 KiB). */
  static capacityFor(size: number): number {
    // Stryker disable next-line EqualityOperator: equivalent for `>=`: at exactly 8 KiB the loop below gives 8 KiB too (also left out here: `<=`, a runtime error)
    if (size > LARGEST) return size
    let capacity = SMALLEST
    while (capacity < size) capacity *= 2
    return capacity
  }

  /** A page of {@link capacityFor}(size) bytes: its Buffer, the page starting at {@link at}. */
  take(size: number): Buffer {
    const capacity = Pages.capacityFor(size)
    if (capacity > LARGEST) {
      this.at = 0
      return Buffer.allocUnsafeSlow(capacity)
    }
    const c = Math.log2(capacity / SMALLEST)
    const slabs = (this.freeSlabs[c] ??= [])
    const starts = (this.freeStarts[c] ??= [])
    if (slabs.length === 0) {
      // A new slab, cut into pages of this size.
      const slab = Buffer.allocUnsafeSlow(SLAB)
      this.slabBytes += SLAB
      for (let start = SLAB - capacity; start >= 0; start -= capacity) {
        slabs.push(slab)
        starts.push(start)
      }
    }
    this.at = starts.pop()!
    return slabs.pop()!
  }

  /** Gives back a page that {@link take} gave for `capacity` bytes. */
  give(bytes: Buffer, start: number, capacity: number): void {
    if (capacity > LARGEST) return // a Buffer of its own: the collector takes it
    const c = Math.log2(capacity / SMALLEST)
    this.freeSlabs[c]!.push(bytes)
    this.freeStarts[c]!.push(start)
  }
}
