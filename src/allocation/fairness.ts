import type { AllocationApplication, Assignment, Fairness } from './allocation.model.ts';

/**
 * PURE: how evenly places went among the applying schools, for any allocator's assignments (ours and the
 * first-come-first-served comparison are measured the same way).
 * - share of applying schools with at least one place;
 * - Jain's index over x_i = places of school i / classes school i applied for:
 *   (Σx)² / (n·Σx²), 1 when every school got the same share, 1/n when one school got everything, 0 when
 *   nobody got anything;
 * - how many applications got their 1st, 2nd, … preference.
 */
export function measureFairness(applications: AllocationApplication[], assignments: Assignment[]): Fairness {
  const classesBySchool = new Map<string, number>();
  for (const a of applications) classesBySchool.set(a.schoolId, (classesBySchool.get(a.schoolId) ?? 0) + 1);
  const schoolOf = new Map(applications.map((a) => [a.id, a.schoolId]));
  const placesBySchool = new Map<string, number>();
  const metByRank: number[] = [];
  for (const s of assignments) {
    const school = schoolOf.get(s.applicationId)!;
    placesBySchool.set(school, (placesBySchool.get(school) ?? 0) + 1);
    while (metByRank.length < s.rank) metByRank.push(0);
    metByRank[s.rank - 1]! += 1;
  }
  const shares = [...classesBySchool].map(([school, classes]) => (placesBySchool.get(school) ?? 0) / classes);
  const sum = shares.reduce((t, x) => t + x, 0);
  const sumSq = shares.reduce((t, x) => t + x * x, 0);
  const applyingSchools = classesBySchool.size;
  const schoolsWithPlace = placesBySchool.size;
  return {
    applyingSchools,
    schoolsWithPlace,
    shareWithPlace: applyingSchools === 0 ? 0 : schoolsWithPlace / applyingSchools,
    jain: sumSq === 0 ? 0 : (sum * sum) / (applyingSchools * sumSq),
    metByRank,
    unplaced: applications.length - assignments.length,
  };
}
