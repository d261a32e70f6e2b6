// WeChat's own app.json keys; Alipay and Douyin have none of them (Douyin spells its privacy switch
// `usePrivacyCheck`, and the app calls no privacy API there: config/platforms.ts).
const wechatOnly =
  process.env.TARO_ENV === 'weapp'
    ? {
        // Only the components a page renders are injected at start-up (DevTools' code-quality check).
        lazyCodeLoading: 'requiredComponents',
        sitemapLocation: 'sitemap.json',
        // Privacy APIs ask for consent through onNeedPrivacyAuthorization (our popup), not WeChat's default one.
        __usePrivacyCheck__: true,
      }
    : {}

export default defineAppConfig({
  pages: ['pages/index/index', 'pages/mine/index', 'pages/account/index'],
  ...wechatOnly,
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: 'miniauth',
    navigationBarTextStyle: 'black',
  },
  tabBar: {
    color: '#666666',
    selectedColor: '#07c160',
    backgroundColor: '#ffffff',
    list: [
      {
        pagePath: 'pages/index/index',
        text: '首页',
        iconPath: 'assets/tab/home.png',
        selectedIconPath: 'assets/tab/home-active.png',
      },
      {
        pagePath: 'pages/mine/index',
        text: '我的',
        iconPath: 'assets/tab/mine.png',
        selectedIconPath: 'assets/tab/mine-active.png',
      },
    ],
  },
})
