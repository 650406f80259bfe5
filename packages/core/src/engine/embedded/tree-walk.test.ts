import { describe, expect, it } from 'vitest'
import { BTree } from './btree.js'
import { compareKey, type Key } from './keyspace.js'
import { walkForward, walkReverse } from './tree-walk.js'
import { seededRandom } from '../faults/random.js'

/** What the tree's own forRange gives for [lo, hi), in walk order, cut at max, and whether keys were left. */
function expected(tree: BTree<Key, number>, lo: Key, hi: Key, max: number, reverse: boolean): { pairs: Array<[Key, number]>; more: boolean } {
  const all: Array<[Key, number]> = []
  if (lo < hi) tree.forRange(lo, hi, false, (k, v) => void all.push([k, v]))
  if (reverse) all.reverse()
  return { pairs: all.slice(0, max), more: all.length > max }
}

function walked(tree: BTree<Key, number>, lo: Key, hi: Key, max: number, reverse: boolean): { pairs: Array<[Key, number]>; more: boolean } {
  const pairs: Array<[Key, number]> = []
  const walk = reverse ? walkReverse : walkForward
  const more = walk(tree, lo, hi, max, (k, v) => void pairs.push([k, v]))
  return { pairs, more }
}

/** A random key of 0..3 bytes over a small alphabet, so ranges often start or end on stored keys and on node boundaries. */
function randomKey(random: () => number): Key {
  let k = ''
  const n = Math.floor(random() * 4)
  for (let i = 0; i < n; i++) k += String.fromCharCode(0x61 + Math.floor(random() * 12), Math.floor(random() * 3) === 0 ? 0xff : 0x00)
  return k
}

describe('tree walks (the small range reads of the embedded engine)', () => {
  it('give what sorted-btree forRange gives, forward and reverse, on trees of every depth shaped by inserts and deletes', () => {
    const random = seededRandom(20)
    for (const [size, nodeSize] of [[0, 4], [1, 4], [3, 4], [40, 4], [500, 4], [3000, 8], [5000, 64]] as const) {
      const tree = new BTree<Key, number>(undefined, compareKey, nodeSize)
      for (let i = 0; i < size; i++) tree.set(randomKey(random) + String(i), i)
      // Deletes leave nodes merged or half empty.
      for (let i = 0; i < size / 3; i++) tree.delete(tree.minKey() === undefined ? '' : randomKey(random) + String(Math.floor(random() * size)))
      tree.deleteRange(randomKey(random), randomKey(random), false)
      for (let t = 0; t < 300; t++) {
        let lo = randomKey(random)
        let hi = randomKey(random)
        if (lo > hi) [lo, hi] = [hi, lo]
        if (t % 10 === 0) [lo, hi] = ['', '\xff\xff']
        const max = t % 3 === 0 ? Infinity : 1 + Math.floor(random() * 20)
        for (const reverse of [false, true]) {
          expect(walked(tree, lo, hi, max, reverse), `size ${size}, [${JSON.stringify(lo)}, ${JSON.stringify(hi)}), max ${max}, reverse ${reverse}`).toEqual(
            expected(tree, lo, hi, max, reverse),
          )
        }
      }
    }
  })

  it('ranges that begin and end exactly on stored keys (on leaf edges too) give what forRange gives', () => {
    const tree = new BTree<Key, number>(undefined, compareKey, 4)
    for (let i = 0; i < 60; i++) tree.set(`k${String(i).padStart(3, '0')}`, i)
    for (let i = 0; i < 60; i += 7) tree.delete(`k${String(i).padStart(3, '0')}`) // leaves of uneven sizes
    const keys = tree.keysArray()
    for (const lo of keys) {
      for (const hi of keys) {
        if (lo > hi) continue
        for (const max of [Infinity, 1, 3]) {
          for (const reverse of [false, true]) {
            expect(walked(tree, lo, hi, max, reverse), `[${lo}, ${hi}), max ${max}, reverse ${reverse}`).toEqual(expected(tree, lo, hi, max, reverse))
          }
        }
      }
    }
  })

  it('an empty range, a range past every key and a limit of zero take nothing', () => {
    const tree = new BTree<Key, number>(undefined, compareKey, 4)
    for (let i = 0; i < 100; i++) tree.set(`k${String(i).padStart(3, '0')}`, i)
    expect(walked(tree, 'k050', 'k050', 10, false)).toEqual({ pairs: [], more: false })
    expect(walked(tree, 'z', 'zz', 10, false)).toEqual({ pairs: [], more: false })
    expect(walked(tree, '', 'a', 10, true)).toEqual({ pairs: [], more: false })
    expect(walked(tree, 'k000', 'k100', 0, false)).toEqual({ pairs: [], more: true })
    expect(walked(tree, 'k000', 'k100', 0, true)).toEqual({ pairs: [], more: true })
    expect(walked(tree, 'k098', 'k100', 2, false)).toEqual({ pairs: [['k098', 98], ['k099', 99]], more: false })
  })
})
