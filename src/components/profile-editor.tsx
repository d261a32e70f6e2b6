import type { ButtonProps, CommonEventFunction, InputProps } from '@tarojs/components'
import { Button, Image, Input, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { User } from '../../sdk'
import { phoneCodeFrom } from '../services/phone-code'
import { reportPrivacyFailure } from '../services/privacy'
import { bindPhone, saveNickname, uploadAvatar } from '../services/profile'
import { ActionButton } from './action-button'
import './profile-editor.css'

/** The nickname every account starts with: a profile still showing it has not been filled in. */
export const DEFAULT_NICKNAME = '微信用户'

/** The avatar WeChat's chooseAvatar gave (a temporary file), uploaded as the user's avatar. */
const onChooseAvatar: CommonEventFunction<{ avatarUrl?: string; errMsg?: string }> = (event) => {
  const { avatarUrl } = event.detail ?? {}
  if (reportPrivacyFailure('chooseAvatar', event.detail)) return
  if (typeof avatarUrl === 'string' && avatarUrl !== '') void uploadAvatar(avatarUrl)
}

const onGetPhoneNumber: ButtonProps['onGetPhoneNumber'] = (event) => {
  const code = phoneCodeFrom(event.detail)
  if (code !== null) void bindPhone(code)
}

/**
 * The signed-in user's card on 我的, with the platform's own ways to fill a profile in where it has them
 * (`APP_PLATFORM`, WeChat's today): the avatar is a `chooseAvatar` button, the nickname an
 * `<Input type="nickname">`, the phone number a `getPhoneNumber` button. Elsewhere the profile is read-only.
 */
export function ProfileEditor({ user, busy }: { user: User; busy: boolean }) {
  const [nickname, setNickname] = useState(user.nickname)
  // A nickname saved (or changed elsewhere) replaces what the field shows.
  useEffect(() => setNickname(user.nickname), [user.nickname])
  // WeChat's suggested nickname may arrive by blur alone (no input event), so both update the field.
  const onNicknameChange = (event: { detail: { value: string } }) => setNickname(event.detail.value)
  const onNicknameReview: InputProps['onNickNameReview'] = (event) => {
    // WeChat clears a nickname its review rejected; the field follows.
    if (!event.detail.pass) setNickname(user.nickname)
  }

  // Each APP_PLATFORM flag is a literal in a build, tested where it is used: a platform without the capability
  // ships none of its branch (a condition kept in a variable is not folded away).
  return (
    <View className="profile">
      {APP_PLATFORM.chooseAvatar ? (
        <Button className="avatar-picker" openType="chooseAvatar" onChooseAvatar={onChooseAvatar} disabled={busy}>
          <Image className="avatar" src={user.avatarUrl} mode="aspectFill" />
        </Button>
      ) : (
        <Image className="avatar" src={user.avatarUrl} mode="aspectFill" />
      )}
      <Text className="nickname">{user.nickname}</Text>
      {user.phone ? <Text className="phone">{user.phone}</Text> : null}
      {APP_PLATFORM.chooseAvatar && APP_PLATFORM.nicknameInput && user.nickname === DEFAULT_NICKNAME ? (
        <Text className="profile-hint">点击头像设置头像，填写昵称，让大家认识你</Text>
      ) : null}
      {APP_PLATFORM.nicknameInput || (APP_PLATFORM.phoneNumber && !user.phone) ? (
        <View className="profile-form">
          {APP_PLATFORM.nicknameInput ? (
            <View className="field">
              <Text className="field__label">昵称</Text>
              <Input
                className="field__input"
                type="nickname"
                value={nickname}
                maxlength={20}
                placeholder="请输入昵称"
                onInput={onNicknameChange}
                onBlur={onNicknameChange}
                onNickNameReview={onNicknameReview}
              />
            </View>
          ) : null}
          {APP_PLATFORM.nicknameInput ? (
            <ActionButton
              className="field__save"
              size="mini"
              disabled={busy}
              onClick={() => void saveNickname(nickname)}
            >
              保存昵称
            </ActionButton>
          ) : null}
          {APP_PLATFORM.phoneNumber && !user.phone ? (
            <ActionButton
              className="field__save"
              size="mini"
              openType="getPhoneNumber"
              disabled={busy}
              onGetPhoneNumber={onGetPhoneNumber}
            >
              绑定手机号
            </ActionButton>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}
