import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderHtml } from '../../src/contract/html.js'
import { launchChromium } from '../support/chromium.js'
import { errors } from './fixtures/agents-catalog.js'
import { REPO_ROOT } from './run-cli.js'

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts')

/** The generated page in a real headless Chromium, served from a loopback server. */
describe('HTML error reference in Chromium', () => {
  let browser: Browser
  let server: Server
  let pageUrl: string
  const html = renderHtml(errors, { format: 'problem' })

  beforeAll(async () => {
    server = createServer((req, res) => {
      res.writeHead(req.url?.startsWith('/errors.html') ? 200 : 404, {
        'content-type': 'text/html; charset=utf-8',
      })
      res.end(req.url?.startsWith('/errors.html') ? html : 'not found')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/errors.html`
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => server?.close(resolve))
  })

  async function open(url: string, viewport = { width: 1200, height: 900 }) {
    const context = await browser.newContext({ viewport })
    const page = await context.newPage()
    const requests: string[] = []
    const problems: string[] = []
    page.on('request', (request) => requests.push(request.url()))
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))
    await page.goto(url, { waitUntil: 'load' })
    return { page, requests, problems, close: () => context.close() }
  }

  const visibleCodes = (page: Page) =>
    page.$$eval('tr.code-row', (rows) =>
      rows.filter((row) => (row as HTMLElement).offsetParent !== null).map((row) => row.id),
    )

  it('filters codes as you type (code, description, resolution, status)', async () => {
    const { page, requests, problems, close } = await open(pageUrl)
    expect(await visibleCodes(page)).toHaveLength(errors.codes.length)

    await page.locator('#fl-search').pressSequentially('agent')
    expect((await visibleCodes(page)).sort()).toEqual(['AGENT_ALREADY_RUNNING', 'AGENT_NOT_FOUND'])

    await page.fill('#fl-search', 'retry-after header')
    expect(await visibleCodes(page)).toEqual(['RATE_LIMITED'])

    await page.fill('#fl-search', '503')
    expect(await visibleCodes(page)).toEqual(['SERVICE_UNAVAILABLE'])

    await page.fill('#fl-search', 'upgrade the plan')
    expect((await visibleCodes(page)).sort()).toEqual(['PAYMENT_REQUIRED', 'PLAN_LIMIT_REACHED'])
    // Groups without a match disappear with their heading.
    expect(await page.locator('section.group:visible').count()).toBe(1)

    await page.fill('#fl-search', 'no such thing anywhere')
    expect(await visibleCodes(page)).toEqual([])
    expect(await page.locator('#fl-empty').isVisible()).toBe(true)

    await page.fill('#fl-search', '')
    expect(await visibleCodes(page)).toHaveLength(errors.codes.length)
    expect(problems).toEqual([])
    expect(requests).toEqual([pageUrl])
    await close()
  })

  it('scrolls to and highlights the row named by #CODE, also after a hidden search', async () => {
    const { page, requests, problems, close } = await open(`${pageUrl}#TIMEOUT`, { width: 1200, height: 500 })
    const row = page.locator('tr[id="TIMEOUT"]')
    expect(await row.getAttribute('class')).toContain('fl-target')
    expect(await row.isVisible()).toBe(true)
    const inView = await row.evaluate((el) => {
      const box = el.getBoundingClientRect()
      return box.top >= 0 && box.bottom <= window.innerHeight
    })
    expect(inView).toBe(true)

    await page.fill('#fl-search', 'agent')
    await page.evaluate(() => {
      location.hash = 'RATE_LIMITED'
    })
    await page.waitForFunction(() => document.getElementById('RATE_LIMITED')?.classList.contains('fl-target'))
    expect(await page.locator('tr[id="RATE_LIMITED"]').isVisible()).toBe(true)
    expect(await page.locator('tr[id="TIMEOUT"]').getAttribute('class')).not.toContain('fl-target')

    await page.locator('button.copy[data-code="AGENT_NOT_FOUND"]').click()
    expect(new URL(page.url()).hash).toBe('#AGENT_NOT_FOUND')
    expect(problems).toEqual([])
    expect(requests).toEqual([pageUrl])
    await close()
  })

  it('switches themes, reads well on a phone, and leaves a screenshot', async () => {
    const { page, problems, close } = await open(pageUrl, { width: 390, height: 844 })
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    const before = await background()
    await page.click('#fl-theme')
    const after = await background()
    expect(after).not.toBe(before)
    // Rows become cards: no horizontal scrolling on a narrow screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    expect(await page.locator('table.codes thead').first().isVisible()).toBe(false)
    mkdirSync(ARTIFACTS, { recursive: true })
    await page.click('#fl-theme')
    await page.screenshot({ path: join(ARTIFACTS, 'errors-page-phone.png'), fullPage: false })
    await close()

    const desktop = await open(`${pageUrl}#PLAN_LIMIT_REACHED`)
    await desktop.page.screenshot({ path: join(ARTIFACTS, 'errors-page.png'), fullPage: false })
    expect(existsSync(join(ARTIFACTS, 'errors-page.png'))).toBe(true)
    expect(problems).toEqual([])
    expect(desktop.problems).toEqual([])
    await desktop.close()
  })

  it('works opened straight from a file, with no request but the file itself', async () => {
    const file = join(ARTIFACTS, 'errors.html')
    mkdirSync(ARTIFACTS, { recursive: true })
    writeFileSync(file, html)
    const url = `file://${file}#AGENT_NOT_FOUND`
    const { page, requests, problems, close } = await open(url)
    expect(await page.locator('tr[id="AGENT_NOT_FOUND"]').getAttribute('class')).toContain('fl-target')
    expect(requests).toEqual([`file://${file}`])
    expect(problems).toEqual([])
    await close()
  })
})
