/**
 * The idempotency ids of recent commits (FoundationDB 7.3's
 * `automatic_idempotency` / `idempotency_id`), so that a commit whose result
 * was lost can find out whether it was applied.
 *
 * FoundationDB writes them into its system keyspace (`\xff\x02/idmp/`), on
 * disk, because the client that asks may talk to other processes than the
 * ones that committed, and after they restarted. Here the store and every
 * client that can ask live in one process, and a client asks as soon as its
 * commit ends: so the ids are kept in memory, for the 5-second transaction
 * lifetime (the versions FoundationDB's client searches: from the attempt's
 * read version on, for as long as a commit of it can take) and at most
 * {@link MAX_REMEMBERED_IDS} of them. They are not written to disk: after a
 * restart no commit of the previous process is in flight, and no client of
 * it is left to ask.
 *
 * @internal
 */
export class RecentIdempotencyIds {
  /** Commit version and time of each id, oldest first (a Map keeps insertion order). */
  private readonly ids = new Map<string, { readonly version: number; readonly at: number }>()

  /**
   * @param lifetimeMs - how long an id is remembered
   * @param maxIds - the most ids remembered at once (the oldest go first)
   */
  constructor(
    private readonly lifetimeMs: number,
    private readonly maxIds = MAX_REMEMBERED_IDS,
  ) {}

  /** How many ids are remembered now. */
  get size(): number {
    return this.ids.size
  }

  /** Remembers that the commit with idempotency id `id` (latin1) was applied at `version`. */
  record(id: string, version: number): void {
    const t = performance.now()
    this.ids.delete(id) // re-inserted last: the Map stays ordered by time
    this.ids.set(id, { version, at: t })
    this.forgetOlderThan(t - this.lifetimeMs)
    if (this.ids.size > this.maxIds) this.ids.delete(this.ids.keys().next().value!)
  }

  /** Whether a commit with idempotency id `id` was applied at a version above `sinceVersion`. */
  committedSince(id: string, sinceVersion: number): boolean {
    const entry = this.ids.get(id)
    // Stryker disable next-line EqualityOperator: equivalent for the age test: <= and < differ only at exactly the lifetime, which a moving clock never hits (the version test's mutants are killed)
    return entry !== undefined && entry.version > sinceVersion && performance.now() - entry.at <= this.lifetimeMs
  }

  // Stryker disable next-line BlockStatement: equivalent: forgetting only frees memory; committedSince checks an id's age itself
  private forgetOlderThan(t: number): void {
    // Stryker disable next-line BlockStatement: equivalent, as above
    for (const [id, entry] of this.ids) {
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent for `true` and `>`: as above, forgetting later only keeps memory longer (an id of exactly the lifetime's age for `>`; also left out here: `false`, which forgets recent ids: killed by the idempotency tests)
      if (entry.at >= t) return
      this.ids.delete(id)
    }
  }
}

/** The most idempotency ids remembered at once (the oldest go first): about 5 s of commits at 200,000 a second. */
export const MAX_REMEMBERED_IDS = 1_000_000
