import { fillPath, queryString } from './url'

describe('fillPath', () => {
  it('replaces each {name} with its percent-encoded value', () => {
    expect(fillPath('/users/{id}/items/{item}', { id: 'a b/c', item: 7 })).toBe('/users/a%20b%2Fc/items/7')
  })

  it('leaves a path without parameters unchanged', () => {
    expect(fillPath('/feed')).toBe('/feed')
  })
})

describe('queryString', () => {
  it('encodes keys and values with encodeURIComponent', () => {
    expect(queryString({ 'a b': '1&2=3', q: '登录' })).toBe('?a%20b=1%262%3D3&q=%E7%99%BB%E5%BD%95')
  })

  it('repeats the key for each array item', () => {
    expect(queryString({ tag: ['x', 'y'], n: 1 })).toBe('?tag=x&tag=y&n=1')
  })

  it('leaves out undefined and null values, and is empty when nothing remains', () => {
    expect(queryString({ a: undefined, b: null, c: false, d: [undefined, 0] })).toBe('?c=false&d=0')
    expect(queryString({ a: undefined })).toBe('')
    expect(queryString()).toBe('')
  })
})
