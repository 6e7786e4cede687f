import { describe, expect, it } from 'vitest'
import { SDK_CLASSES } from '../../contract/sdk-classes.js'
import * as errors from './index.js'

describe('status → class table', () => {
  it('matches the class names the generated SDKs raise for every status', () => {
    for (let status = 100; status <= 999; status++) {
      const expected = SDK_CLASSES.find((cls) => cls.matches?.(status))?.name ?? 'APIError'
      const ErrorClass = errors.errorClassFor(status)
      expect(ErrorClass.name).toBe(expected)
      const error = new ErrorClass({ status, code: undefined, message: 'm', retryable: false })
      expect(error.name).toBe(expected)
      expect(error).toBeInstanceOf(errors.APIError)
      expect(error).toBeInstanceOf(Error)
    }
  })

  it('keeps the no-response errors in one hierarchy under APIError', () => {
    const timeout = new errors.APITimeoutError(100)
    expect(timeout).toBeInstanceOf(errors.APIConnectionError)
    expect(timeout).toBeInstanceOf(errors.APIError)
    expect(timeout).toMatchObject({ name: 'APITimeoutError', status: 0, retryable: true })
    const abort = new errors.APIUserAbortError()
    expect(abort).toBeInstanceOf(errors.APIError)
    expect(abort).not.toBeInstanceOf(errors.APIConnectionError)
    expect(abort.retryable).toBe(false)
  })
})
