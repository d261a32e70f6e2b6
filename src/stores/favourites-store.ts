import { create } from 'zustand'

/** Feed items each account saved with 收藏 during this launch, by user id. */
export interface FavouritesState {
  /** Saved item ids per user id. */
  byUser: Readonly<Record<string, readonly string[]>>
  /** Saves `itemId` for `userId`, or unsaves it when saved; returns whether it is now saved. */
  toggle(userId: string, itemId: string): boolean
}

/** Favourites live outside the feed's components: a feed reload after a login must not forget them. */
export const useFavourites = create<FavouritesState>()((set, get) => ({
  byUser: {},
  toggle(userId, itemId) {
    const saved = get().byUser[userId] ?? []
    const nowSaved = !saved.includes(itemId)
    const next = nowSaved ? [...saved, itemId] : saved.filter((id) => id !== itemId)
    set({ byUser: { ...get().byUser, [userId]: next } })
    return nowSaved
  },
}))
