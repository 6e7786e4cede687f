/** What a benchmark server process tells its parent over IPC. */
export type ServerReport =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'stats'; readonly cpuMicros: number; readonly requests: number }
