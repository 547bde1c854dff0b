import { createApp } from 'vue';
import { createRouter, createWebHistory } from 'vue-router';
import App from './App.vue';
import About from './pages/About.vue';
import Books from './pages/Books.vue';
import Home from './pages/Home.vue';

// History mode: addresses without a #, each a path the server is asked for on a reload.
const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', component: Home },
    { path: '/books', component: Books },
    { path: '/about', component: About },
  ],
});

createApp(App).use(router).mount('#app');
