export { StatsDashboard } from './components/stats-dashboard';
