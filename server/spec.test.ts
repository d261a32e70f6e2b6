import { dereference, loadOperations } from './spec'

describe('the contract loader', () => {
  const byId = Object.fromEntries(loadOperations().map((operation) => [operation.operationId, operation]))

  it("reads each operation's security: login and health need no token, the feed takes one, the rest need one", () => {
    expect(byId.login?.auth).toBe('none')
    expect(byId.getHealth?.auth).toBe('none')
    expect(byId.getFeed?.auth).toBe('optional')
    expect(byId.getProfile?.auth).toBe('required')
    expect(byId.logout?.auth).toBe('required')
  })

  it('derives request and response schemas with every $ref resolved', () => {
    expect(byId.login?.body).toMatchObject({ required: ['code'], additionalProperties: false })
    expect(byId.login?.response['200']).toMatchObject({
      properties: { user: { required: ['id', 'nickname', 'avatarUrl'] } },
    })
    expect(byId.getHealth?.response['503']).toMatchObject({ required: ['status', 'store'] })
    expect(byId.logout?.response['204']).toBeUndefined()
    expect(JSON.stringify(loadOperations())).not.toContain('$ref')
  })

  it('refuses cyclic and dangling references', () => {
    expect(() => dereference({ a: { $ref: '#/b' }, b: { $ref: '#/a' } })).toThrow(/cyclic/)
    expect(() => dereference({ a: { $ref: '#/missing' } })).toThrow(/dangling/)
    expect(() => dereference({ a: { $ref: 'other.yaml#/x' } })).toThrow(/local/)
  })
})
