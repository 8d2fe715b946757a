import { get } from "../api";

export interface AgentLite {
  id: number;
  name: string;
  email: string;
  active: boolean;
  role: string;
}
export interface TeamLite {
  id: number;
  name: string;
  member_ids: number[];
}

// Agents and teams change rarely: fetched once per page load and shared by every select that lists them.
let agents: Promise<AgentLite[]> | null = null;
let teams: Promise<TeamLite[]> | null = null;
export const loadAgents = () => (agents ??= get<{ data: AgentLite[] }>("/api/v1/agents?limit=200").then((r) => r.data));
export const loadTeams = () => (teams ??= get<{ data: TeamLite[] }>("/api/v1/teams?limit=200").then((r) => r.data));
export const forgetDirectory = () => {
  agents = null;
  teams = null;
};
