import { APIError } from './api-error.js'

/** 402 Payment Required. */
export class PaymentRequiredError<
  C extends string | undefined = string | undefined,
  D = unknown,
> extends APIError<C, D> {
  override name = 'PaymentRequiredError'
}
