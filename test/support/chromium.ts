import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'

/** Debian's Chromium; tests never download a browser of their own. */
export const CHROMIUM_PATH = '/usr/bin/chromium'

/** Flags that keep a headless Chromium off the network and quiet on a machine with no internet. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

/** Launches the real browser; a machine without it fails the test loudly, never skips it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium package`)
  return await chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS })
}
