import Taro from '@tarojs/taro'
import { withLogin } from '../services/require-login'
import { useAuthStore } from '../stores/auth-store'
import { useFavourites } from '../stores/favourites-store'
import { ActionButton } from './action-button'

/** 收藏 on a feed item: needs an account, so a signed-out tap asks to log in and then saves the item. */
export function FavouriteButton({ itemId, title }: { itemId: string; title: string }) {
  const userId = useAuthStore((s) => s.user?.id ?? null)
  // Another account (or none) sees the item unsaved.
  const saved = useFavourites((s) => userId !== null && (s.byUser[userId] ?? []).includes(itemId))

  const toggle = withLogin(() => {
    const current = useAuthStore.getState().user?.id
    if (!current) return
    const nowSaved = useFavourites.getState().toggle(current, itemId)
    void Taro.showToast({ title: nowSaved ? '已收藏' : '已取消收藏', icon: 'none', duration: 1500 })
  }, `登录后可收藏「${title}」`)

  return (
    <ActionButton className="feed__favourite" size="mini" onClick={() => void toggle()}>
      {saved ? '已收藏' : '收藏'}
    </ActionButton>
  )
}
