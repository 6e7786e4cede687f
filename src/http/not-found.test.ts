import { describe, expect, it } from 'vitest'
import { standardCatalog } from '../catalog/define.js'
import { allowHeader, RouteTable, routeMissError } from './not-found.js'
import { compileRoutes } from './router.js'

describe('404 and 405', () => {
  it('orders Allow canonically and adds HEAD for GET', () => {
    expect(allowHeader(['post', 'GET', 'PROPFIND', 'delete'])).toBe('GET, HEAD, POST, DELETE, PROPFIND')
  })

  it('is NOT_FOUND without methods, METHOD_NOT_ALLOWED with an Allow header otherwise', () => {
    expect(routeMissError(standardCatalog, []).code).toBe('NOT_FOUND')
    const error = routeMissError(standardCatalog, ['PUT'])
    expect(error.code).toBe('METHOD_NOT_ALLOWED')
    expect(error.headers).toEqual({ allow: 'PUT' })
  })

  it('matches :params and wildcards in a route table', () => {
    const table = new RouteTable()
    table.add('GET', '/agents/:id')
    table.add('delete', '/agents/:id')
    table.add('GET', '/files/*path')
    expect(table.allowedMethods('/agents/7')).toEqual(['GET', 'DELETE'])
    expect(table.allowedMethods('/agents/7/runs')).toEqual([])
    expect(table.allowedMethods('/files/a/b.txt')).toEqual(['GET'])
  })

  it('routes with decoded params and reports the methods of a known path', () => {
    const match = compileRoutes({ 'GET /agents/:id': 'get', 'POST /agents': 'create' })
    expect(match('GET', '/agents/a%20b')).toEqual({ handler: 'get', params: { id: 'a b' } })
    expect(match('HEAD', '/agents/1')).toMatchObject({ handler: 'get' })
    expect(match('DELETE', '/agents')).toEqual({ handler: undefined, allowed: ['POST'] })
  })
})
