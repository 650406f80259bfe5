// The main demo: grows with each package.
console.log('foundkit demo')
