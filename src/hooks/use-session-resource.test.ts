import { act, renderHook, waitFor } from '@testing-library/react'
import { resetApp } from '../../tests/jest/app-kit'
import { useAuthStore } from '../stores/auth-store'
import { useSessionResource } from './use-session-resource'

beforeEach(resetApp)

/** A load the test finishes when it chooses, counting how often it started. */
function heldLoad() {
  const finishers: Array<(value: string) => void> = []
  const load = jest.fn(() => new Promise<string | null>((resolve) => finishers.push(resolve)))
  const finishAll = (value: string) => {
    for (const finish of finishers.splice(0)) finish(value)
  }
  return { load, finishAll }
}

describe('useSessionResource', () => {
  it('joins a load that is running instead of starting another, however often reload is called', async () => {
    const { load, finishAll } = heldLoad()
    const { result } = renderHook(() => useSessionResource(load))
    expect(load).toHaveBeenCalledTimes(1)
    await act(async () => {
      for (let i = 0; i < 50; i++) void result.current.reload()
    })
    expect(load).toHaveBeenCalledTimes(1)
    await act(async () => finishAll('first'))
    await waitFor(() => expect(result.current.data).toBe('first'))
    await act(async () => {
      void result.current.reload()
    })
    expect(load).toHaveBeenCalledTimes(2)
  })

  it('starts a new load when the session changes during one, and renders only the new one', async () => {
    const { load, finishAll } = heldLoad()
    const { result } = renderHook(() => useSessionResource(load))
    act(() => useAuthStore.getState().clearSession('SIGNED_OUT'))
    expect(load).toHaveBeenCalledTimes(2)
    await act(async () => finishAll('for the new session'))
    await waitFor(() => expect(result.current.data).toBe('for the new session'))
  })
})
