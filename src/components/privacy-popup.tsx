import { Button, Text, View } from '@tarojs/components'
import { agreePrivacy, openPrivacyGuide, refusePrivacy, usePrivacyPrompt } from '../services/privacy'
import './privacy-popup.css'

/** The `id` of the 同意 button, which WeChat wants back with the user's agreement. */
export const PRIVACY_AGREE_BUTTON_ID = 'privacy-agree'

/**
 * The app's one privacy popup, shown while WeChat waits for consent (`onNeedPrivacyAuthorization`): the
 * guide's name as a link to WeChat's rendering of it, 拒绝, and 同意 (`open-type="agreePrivacyAuthorization"`).
 * Every page renders it, so it appears over whichever page asked.
 */
export function PrivacyPopup() {
  const { open, guideName } = usePrivacyPrompt()
  if (!open) return null
  return (
    <View className="privacy-mask">
      <View className="privacy-popup">
        <Text className="privacy-popup__title">用户隐私保护提示</Text>
        <View className="privacy-popup__body">
          <Text>使用头像、昵称、手机号等功能前，请阅读并同意</Text>
          <Text className="privacy-link" onClick={openPrivacyGuide}>
            {guideName}
          </Text>
        </View>
        <View className="privacy-popup__actions">
          <Button className="privacy-popup__refuse" onClick={refusePrivacy}>
            拒绝
          </Button>
          <Button
            id={PRIVACY_AGREE_BUTTON_ID}
            className="privacy-popup__agree"
            openType="agreePrivacyAuthorization"
            onAgreePrivacyAuthorization={() => agreePrivacy(PRIVACY_AGREE_BUTTON_ID)}
          >
            同意
          </Button>
        </View>
      </View>
    </View>
  )
}

/** 登录即表示你同意《隐私保护指引》, the guide a link; only where WeChat's privacy guide exists. */
export function PrivacyNotice() {
  return (
    <View className="privacy-notice">
      <Text>登录即表示你同意</Text>
      <Text className="privacy-link" onClick={openPrivacyGuide}>
        《隐私保护指引》
      </Text>
    </View>
  )
}
