import { describe } from 'vitest'
import { quotaStoreContract } from '../testing/store-contract.js'
import { createMemoryQuotaStore } from './memory.js'

describe('memory quota store', () => {
  quotaStoreContract(
    async () => {
      let now = Date.now()
      return {
        store: createMemoryQuotaStore({ now: () => now }),
        setNow: (ms) => {
          now = ms
        },
      }
    },
    { movable: true },
  )
})
