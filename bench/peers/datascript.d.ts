// The few functions of the `datascript` npm package (ClojureScript, no types) the nstore benchmark uses.
declare module 'datascript' {
  /** A DataScript connection (an atom holding the current database). */
  export type Conn = { readonly __conn: unique symbol }
  /** An immutable DataScript database value. */
  export type Db = { readonly __db: unique symbol }
  /** Makes an empty connection. */
  export function create_conn(schema?: Record<string, unknown>): Conn
  /** Transacts entity maps or datoms. */
  export function transact(conn: Conn, data: unknown[]): unknown
  /** The connection's current database. */
  export function db(conn: Conn): Db
  /** Runs a Datalog query given as an EDN string; a :find of several variables gives arrays of values. */
  export function q(query: string, db: Db, ...inputs: unknown[]): unknown[][]
  const datascript: {
    create_conn: typeof create_conn
    transact: typeof transact
    db: typeof db
    q: typeof q
  }
  export default datascript
}
