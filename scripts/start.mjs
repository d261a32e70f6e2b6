// `npm start`: builds the WeChat mini program in watch mode for WeChat DevTools.
import { spawn } from 'node:child_process'

console.log('Building the WeChat mini program in watch mode into dist/weapp.')
console.log('Open this folder (the one with project.config.json) in WeChat DevTools; it loads dist/weapp.')
const child = spawn('npx', ['taro', 'build', '--type', 'weapp', '--watch'], { stdio: 'inherit' })
child.on('exit', (code) => process.exit(code ?? 0))
