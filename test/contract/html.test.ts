import { describe, expect, it } from 'vitest'
import { renderHtml } from '../../src/contract/html.js'
import { defineErrors } from '../../src/index.js'
import { errors } from './fixtures/agents-catalog.js'

describe('renderHtml', () => {
  const html = renderHtml(errors, { format: 'problem' })

  it('is one self-contained page: inline style and script, nothing fetched', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).toContain('<style>')
    expect(html).toContain('<script>')
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)="(?!data:)/i)
    expect(html).not.toMatch(/https?:\/\/(?!example\.com)/)
    expect(html).toContain("default-src 'none'")
  })

  it('gives every code a row whose id is exactly the code, with a copy-link button', () => {
    for (const code of errors.codes) {
      expect(html).toContain(`<tr class="code-row" id="${code}"`)
      expect(html).toContain(`data-code="${code}"`)
    }
  })

  it('colours status badges by class and supports both themes', () => {
    expect(html).toMatch(/class="badge s4xx"[^>]*>404</)
    expect(html).toMatch(/class="badge s429"[^>]*>429</)
    expect(html).toMatch(/class="badge s5xx"[^>]*>503</)
    expect(html).toContain('prefers-color-scheme:dark')
    expect(html).toContain('id="fl-theme"')
    expect(html).toContain('name="viewport"')
  })

  it('escapes every piece of catalog text (no HTML injection)', () => {
    const hostile = defineErrors(
      {
        EVIL: {
          status: 400,
          group: '<img src=x onerror=alert(1)>',
          description: '<script>alert("d")</script>',
          resolution: '" onmouseover="alert(2)',
          message: '</pre><script>alert(3)</script>',
        },
      },
      { name: '<b>Evil</b>' },
    )
    const page = renderHtml(hostile, { format: 'flat' })
    expect(page).not.toContain('<script>alert')
    expect(page).not.toContain('<img src=x')
    expect(page).not.toContain('" onmouseover="')
    expect(page).not.toContain('<b>Evil</b>')
    expect(page).toContain('&lt;script&gt;alert(&quot;d&quot;)&lt;/script&gt;')
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(page.match(/<script>/g)).toHaveLength(1)
  })
})
