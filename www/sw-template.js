// Service worker (generated into dist/sw.js by vite.config.js, which fills in the file list and
// the version at build time). Precaches the app shell, the JS/CSS bundles and the engine's .wasm, so
// a reload with the network off still works. /api/ requests always go to the network.
const VERSION = __VERSION__;
const PRECACHE = __PRECACHE__;
const CACHE = "session-credits-shell-" + VERSION;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;

  if (req.mode === "navigate") {
    // network first (fresh index.html when online), the cached shell when offline
    event.respondWith((async () => {
      try {
        const res = await fetch(req);
        if (res.ok) (await caches.open(CACHE)).put("/index.html", res.clone());
        return res;
      } catch {
        return (await caches.match("/index.html")) || (await caches.match("/")) || Response.error();
      }
    })());
    return;
  }

  // hashed assets and the wasm: cache first
  event.respondWith((async () => {
    const hit = await caches.match(req);
    if (hit) return hit;
    const res = await fetch(req);
    if (res.ok && res.type === "basic") (await caches.open(CACHE)).put(req, res.clone());
    return res;
  })());
});
