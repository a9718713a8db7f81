/**
 * Pinned pfns (the test's stand-in for unmovable kernel allocations), kept
 * sorted so "any pin in this block" is one binary search.
 */
export class PinnedPages {
  private readonly pfns: number[] = [];
  /** A pin or unpin changed the set since the observation last looked. */
  dirty = false;

  /** Index of the first pinned pfn >= pfn. */
  private lowerBound(pfn: number): number {
    let lo = 0;
    let hi = this.pfns.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.pfns[mid] ?? 0) < pfn) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  has(pfn: number): boolean {
    return this.pfns[this.lowerBound(pfn)] === pfn;
  }

  pin(pfn: number): void {
    const i = this.lowerBound(pfn);
    if (this.pfns[i] === pfn) return;
    this.pfns.splice(i, 0, pfn);
    this.dirty = true;
  }

  unpin(pfn: number): void {
    const i = this.lowerBound(pfn);
    if (this.pfns[i] !== pfn) return;
    this.pfns.splice(i, 1);
    this.dirty = true;
  }

  /** Whether any pinned pfn lies in [start, end). */
  anyIn(start: number, end: number): boolean {
    const p = this.pfns[this.lowerBound(start)];
    return p !== undefined && p < end;
  }

  all(): readonly number[] {
    return this.pfns;
  }
}
